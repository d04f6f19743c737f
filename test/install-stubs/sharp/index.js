module.exports = function sharp() {
  throw new Error('sharp is stubbed in the tokpeek checkout: tokenizers only, no images');
};
