import { useRef, useState } from 'react';
import type { VeratadVerify as VeratadVerifyElement } from 'veratad-verify';
import { VeratadVerify } from 'veratad-verify/react';

// Leave both unset to load Veratad's own Web SDK; the tests point them at the local simulator.
const sdkSrc = import.meta.env.VITE_VERATAD_SDK_SRC as string | undefined;
const sdkCss = import.meta.env.VITE_VERATAD_SDK_CSS as string | undefined;

// Your signed-in user: the Web SDK needs a first and last name (fn, ln) to start the journey.
const user = { firstName: 'Ada', lastName: 'Lovelace' };

export function App() {
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
        sdkSrc={sdkSrc}
        sdkCss={sdkCss}
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
