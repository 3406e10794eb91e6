/** The English texts `<veratad-verify>` shows by default, as a locale module like the others. */
export { ENGLISH as en } from '../strings.js';
