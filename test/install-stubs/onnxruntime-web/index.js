throw new Error('onnxruntime-web is stubbed in the tokpeek checkout: tokenizers only, no model inference');
