import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../src/render/progress.js';
import { hubCacheDirs } from '../../src/tokenizers/hf-cache.js';

describe('where the Hugging Face cache is', () => {
  const HOME = '/home/ana';
  it('expands ~ in HF_HOME, HF_HUB_CACHE and XDG_CACHE_HOME as huggingface_hub does', () => {
    expect(hubCacheDirs({ HOME, HF_HOME: '~/x' })).toEqual(['/home/ana/x/hub']);
    expect(hubCacheDirs({ HOME, HF_HOME: '~' })).toEqual(['/home/ana/hub']);
    expect(hubCacheDirs({ HOME, HF_HUB_CACHE: '~/hub-cache' })).toEqual(['/home/ana/hub-cache']);
    expect(hubCacheDirs({ HOME, HUGGINGFACE_HUB_CACHE: '~/old' })).toEqual(['/home/ana/old']);
    expect(hubCacheDirs({ HOME, XDG_CACHE_HOME: '~/.c' })).toEqual(['/home/ana/.c/huggingface/hub']);
    expect(hubCacheDirs({ HOME })).toEqual(['/home/ana/.cache/huggingface/hub']);
  });

  it('leaves other paths as written', () => {
    expect(hubCacheDirs({ HOME, HF_HOME: '/data/hf' })).toEqual(['/data/hf/hub']);
    expect(hubCacheDirs({ HOME, HF_HOME: '~bob/hf' })).toEqual(['~bob/hf/hub']);
  });
});

describe('progress', () => {
  it('prints rates in whole bytes, KiB or MiB', () => {
    const line = formatProgress(
      { done: 3000, total: 10_000, unit: 'bytes', samples: 12, elapsedMs: 4977, label: 'check' },
      120,
    );
    expect(line).toContain('603 B/s');
    expect(line).not.toMatch(/\d\.\d{4,}/);
  });
});
