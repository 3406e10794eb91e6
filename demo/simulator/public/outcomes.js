/*
 * Veratad VX simulator: the fake journey page's buttons, one row each (frame.html loads this before frame.js).
 * What each one does in SDK mode and in link mode is tabled in demo/simulator/README.md.
 */
/* exported simulatorOutcomes */

/**
 * @typedef {object} Outcome
 * @property {string} label
 * @property {boolean} [primary]
 * @property {[name: string, detail: Record<string, string>] | null} sdk
 * @property {unknown} link
 * @property {'PASS' | 'FAIL' | 'PENDING'} [status] the journey's result, for the outcomes that end it with one
 * @property {() => string} title
 * @property {() => string} subtitle
 */

/**
 * One row per button: its label, the SDK callback and its argument (null: link mode only), the message
 * posted in link mode, the result it records (if any), and the texts shown afterwards.
 * @param {(group: string, key: string, fallback: string) => string} text a `resultMessages` text, or the fallback
 * @returns {Outcome[]}
 */
function simulatorOutcomes(text) {
  'use strict';

  /**
   * Veratad's documented message shape 1.
   * @param {string} status
   * @param {string} component
   * @param {string} error
   * @param {string} event
   */
  var shape1 = function (status, component, error, event) {
    return { status: status, component: component, error: error, event: event };
  };

  return [
    {
      label: 'Pass',
      primary: true,
      sdk: ['onSuccess', { status: 'PASS', component: 'DCAMS' }],
      link: shape1('PASS', 'DCAMS', '', ''),
      status: 'PASS',
      title: function () {
        return text('success', 'verificationSuccessTitle', 'Verification passed');
      },
      subtitle: function () {
        return text('success', 'verificationSuccessSubTitle', 'Simulated: the document was accepted.');
      },
    },
    {
      label: 'Fail',
      sdk: ['onFailure', { status: 'FAIL', component: 'DCAMS' }],
      link: 'FAIL',
      status: 'FAIL',
      title: function () {
        return text('failure', 'verificationFailureTitle', 'Verification failed');
      },
      subtitle: function () {
        return text('failure', 'verificationFailureSubTitle', 'Simulated: the document was not accepted.');
      },
    },
    {
      label: 'Close',
      sdk: ['onClose', { event: 'CLOSE' }],
      link: { event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' },
      title: function () {
        return 'Closed';
      },
      subtitle: function () {
        return 'Simulated: the user closed the verification.';
      },
    },
    {
      label: 'Email',
      sdk: ['onEmail', { event: 'EMAIL' }],
      link: JSON.stringify(shape1('', 'DCAMS', '', 'EMAIL')),
      title: function () {
        return 'Link emailed';
      },
      subtitle: function () {
        return 'Simulated: the user asked for the journey by email (nothing is sent).';
      },
    },
    {
      label: 'QR',
      sdk: ['onQr', { event: 'QR' }],
      link: shape1('', 'DCAMS', '', 'QR'),
      title: function () {
        return 'QR code done';
      },
      subtitle: function () {
        return 'Simulated: the user finished on their phone and pressed done.';
      },
    },
    {
      label: 'Velocity',
      sdk: ['onErrorVelocity', { error: 'VELOCITY' }],
      link: shape1('', 'INIT', 'VELOCITY', ''),
      title: function () {
        return text('error', 'verificationErrorVelocityTitle', 'Too many attempts');
      },
      subtitle: function () {
        return text('error', 'verificationErrorVelocitySubTitle', 'Simulated: 3 attempts in 24 hours.');
      },
    },
    {
      label: 'Already verified',
      sdk: ['onErrorAlreadyVerified', { error: 'ALREADY VERIFIED' }],
      link: 'ALREADY VERIFIED',
      title: function () {
        return text('error', 'verificationErrorAlreadyVerifiedTitle', 'Already verified');
      },
      subtitle: function () {
        return text('error', 'verificationErrorAlreadyVerifiedSubTitle', 'Simulated: this person already passed.');
      },
    },
    {
      label: 'Pending',
      sdk: ['onErrorPending', { error: 'PENDING' }],
      link: shape1('', 'INIT', 'PENDING', ''),
      title: function () {
        return text('error', 'verificationErrorPendingTitle', 'Already pending');
      },
      subtitle: function () {
        return text(
          'error',
          'verificationErrorPendingSubTitle',
          'Simulated: a document for this person is already pending.',
        );
      },
    },
    {
      label: 'Processing error',
      sdk: ['onError', { error: 'ERROR' }],
      link: 'ERROR',
      title: function () {
        return 'Processing error';
      },
      subtitle: function () {
        return 'Simulated: the service could not process the document.';
      },
    },
    {
      label: 'Complete',
      sdk: null,
      link: { event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' },
      title: function () {
        return text('success', 'verificationSuccessTitle', 'Verification complete');
      },
      subtitle: function () {
        return 'Simulated: the auto-scan step completed.';
      },
    },
    {
      label: 'Complete with review',
      sdk: null,
      link: JSON.stringify({ event: 'COMPLETE AND IN REVIEW', app: 'DCAMS_AUTO_SCAN' }),
      status: 'PENDING',
      title: function () {
        return 'Complete, in review';
      },
      subtitle: function () {
        return 'Simulated: the document went to manual review.';
      },
    },
    {
      label: 'Next step',
      sdk: null,
      link: { event: 'NEXT', app: 'PHONEMATCH' },
      title: function () {
        return 'Next step';
      },
      subtitle: function () {
        return 'Simulated: the journey moved on to the next app.';
      },
    },
    {
      label: 'Bot detected',
      sdk: null,
      link: 'BOT DETECTED',
      title: function () {
        return 'Bot detected';
      },
      subtitle: function () {
        return 'Simulated: the session was flagged as automated.';
      },
    },
  ];
}
