// A web-test-runner command that sets the camera permission of the test page's origin, as the person would in
// the browser's site settings: `executeServerCommand('veratad:camera-permission', { setting })` with `granted`,
// `denied` or `prompt` (never asked). Through the Chrome DevTools Protocol, in the page's own browser context.
export function cameraPermission() {
  return {
    name: 'veratad-camera-permission',
    async executeCommand({ command, payload, session }) {
      if (command !== 'veratad:camera-permission') return undefined;
      const page = session.browser.getPage(session.id);
      const cdp = await page.context().newCDPSession(page);
      try {
        const { targetInfo } = await cdp.send('Target.getTargetInfo');
        await cdp.send('Browser.setPermission', {
          permission: { name: 'camera' },
          setting: payload.setting,
          origin: new URL(page.url()).origin,
          browserContextId: targetInfo.browserContextId,
        });
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}
