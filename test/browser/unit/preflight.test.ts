import { expect } from '@open-wc/testing';
import { adviceOf, inAppBrowser } from '../../../src/preflight.js';
import { ENGLISH } from '../../../src/strings.js';

describe('inAppBrowser', () => {
  const agents: Array<[string | undefined, string]> = [
    ['instagram', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 Instagram 327.0.0.22.106'],
    ['facebook', 'Mozilla/5.0 (iPhone) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBAV/458.0]'],
    ['facebook', 'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/460.0.0.0;]'],
    [
      'tiktok',
      'Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36 musical_ly_2023208030 BytedanceWebview/d8a21c6',
    ],
    ['tiktok', 'Mozilla/5.0 (iPhone) Mobile/15E148 TikTok 33.4.0 rv:334012'],
    ['snapchat', 'Mozilla/5.0 (iPhone) Mobile/15E148 Snapchat/12.80.0.42 (like Safari/8617.2.4.10.8, panda)'],
    ['line', 'Mozilla/5.0 (iPhone) Mobile/15E148 Safari Line/14.5.0'],
    ['wechat', 'Mozilla/5.0 (iPhone) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'],
    [undefined, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile/15E148 Safari/604.1'],
    [undefined, 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0.0.0 Mobile Safari/537.36'],
    [undefined, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0.0.0 Safari/537.36 Edg/124.0'],
  ];
  for (const [name, agent] of agents) {
    it(`${name ?? 'a plain browser'}: ${agent.slice(0, 60)}…`, () => {
      expect(inAppBrowser(agent)).to.equal(name);
    });
  }
});

describe('adviceOf', () => {
  it('says nothing when the camera looks usable or cannot be told', () => {
    for (const camera of ['ok', 'prompt', 'unknown'] as const) {
      expect(adviceOf({ camera, secure: true }, ENGLISH, true)).to.equal('');
    }
  });

  it('gives each problem its advice, the in-app one first', () => {
    expect(adviceOf({ camera: 'denied', secure: true }, ENGLISH, false)).to.equal(ENGLISH.adviceDenied);
    expect(adviceOf({ camera: 'no-device', secure: true }, ENGLISH, false)).to.equal(ENGLISH.adviceNoDevice);
    for (const camera of ['blocked', 'insecure', 'unsupported'] as const) {
      expect(adviceOf({ camera, secure: camera !== 'insecure' }, ENGLISH, false)).to.equal(ENGLISH.adviceUnsupported);
    }
    expect(adviceOf({ camera: 'ok', inApp: 'tiktok', secure: true }, ENGLISH, false)).to.equal(ENGLISH.adviceInApp);
  });

  it('adds the QR hint when qr is set', () => {
    expect(adviceOf({ camera: 'denied', secure: true }, ENGLISH, true)).to.equal(
      `${ENGLISH.adviceDenied} ${ENGLISH.adviceQr}`,
    );
  });
});
