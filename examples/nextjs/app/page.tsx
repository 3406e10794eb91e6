'use client';
import { useRef, useState } from 'react';
import type { VeratadVerify as VeratadVerifyElement } from 'veratad-verify';
import { VeratadVerify } from 'veratad-verify/react';

// The page is rendered on the server too: the component outputs `<veratad-verify defer-hydration …>`, and the
// element waits until React has hydrated it and set its properties. Leave the SDK URLs unset for Veratad's own.
// Your signed-in user: the Web SDK needs a first and last name (fn, ln) to start the journey.
const user = { firstName: 'Ada', lastName: 'Lovelace' };

export default function Page() {
  const verify = useRef<VeratadVerifyElement>(null);
  const [note, setNote] = useState('Getting your check ready…');

  return (
    <main>
      <h1>Confirm your age</h1>
      <VeratadVerify
        ref={verify}
        tokenUrl="/api/veratad/token"
        firstName={user.firstName}
        lastName={user.lastName}
        sdkSrc={process.env.NEXT_PUBLIC_VERATAD_SDK_SRC}
        sdkCss={process.env.NEXT_PUBLIC_VERATAD_SDK_CSS}
        onVeratadReady={() => setNote('Follow the steps below.')}
        // What the browser hears only routes the person: your server confirms the result.
        onVeratadStatus={(event) => setNote(`Veratad says ${event.detail.status}; your server has the final word.`)}
        onVeratadError={(event) => setNote(`Something went wrong (${event.detail.code}): ${event.detail.message}`)}
      />
      <p role="status">{note}</p>
      <button type="button" onClick={() => void verify.current?.restart()}>
        Start again
      </button>
    </main>
  );
}
