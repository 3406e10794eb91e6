import type { ReactNode } from 'react';

// No favicon request (the example ships none).
export const metadata = { title: 'veratad-verify: Next.js example', icons: { icon: 'data:,' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
