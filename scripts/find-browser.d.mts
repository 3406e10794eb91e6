// Types for find-browser.mjs, so TypeScript (the Node tests, the e2e harness, the bench) imports it directly.
export declare const NO_BROWSER_MESSAGE: string;
export declare function findBrowser(): Promise<string>;
export declare const CHROMIUM_ARGS: string[];
export declare function chromiumLaunchOptions(): Promise<{ executablePath: string; headless: true; args: string[] }>;
