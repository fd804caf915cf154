// The readers of the source formats, loaded only when a source file is first extracted (formats/index.ts,
// loadReaders): pdf.js, Readability with linkedom and mammoth are about two thirds of the code, and a session
// whose workspace holds only text never needs them. The server's bundles keep them in a file of their own
// (dist/server/formats.js, scripts/build.mjs), so that starting the server neither reads nor compiles them.
export { extractCaptions } from './captions';
export { extractClaimReviewJson } from './claimReview';
export { extractDocx } from './docx';
export { extractHtml } from './html';
export { extractPdf } from './pdf';
