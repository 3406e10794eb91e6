// src/token-response.ts: which links a token answer may carry.
import { expect } from '@open-wc/testing';
import { checkLink } from '../../../src/token-response.js';

describe('checkLink', () => {
  it('accepts https links anywhere and http only on the local machine', () => {
    expect(checkLink('https://frontend.dcams.app?request_id=1')).to.equal('https://frontend.dcams.app/?request_id=1');
    expect(checkLink('http://localhost:5173/frame')).to.equal('http://localhost:5173/frame');
    expect(checkLink('http://127.0.0.1/frame')).to.equal('http://127.0.0.1/frame');
    expect(checkLink('http://fe.dcams.app/x')).to.equal(undefined);
    expect(checkLink('http://[::1]:9/x')).to.equal(undefined);
    expect(checkLink('javascript:alert(1)')).to.equal(undefined);
    expect(checkLink('not a url')).to.equal(undefined);
    expect(checkLink('https://user:pass@frontend.dcams.app/x')).to.equal(undefined);
    expect(checkLink('https://user@frontend.dcams.app/x')).to.equal(undefined);
    expect(checkLink('https://:pass@frontend.dcams.app/x')).to.equal(undefined);
  });
});
