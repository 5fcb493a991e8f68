/**
 * What each file chooser offers, defined once per purpose so the choosers cannot drift apart.
 * Images: CWE files by extension, zip bundles, and Sierra's Windows installers (.exe), which
 * the inspection opens for the image inside; `application/octet-stream` because browsers give
 * .spk/.cwe/.nvu no type of their own. Journals: the JSON export of a recorded session.
 */
export const ACCEPT_IMAGES = '.spk,.cwe,.nvu,.zip,.exe,application/zip,application/octet-stream';
export const ACCEPT_JOURNALS = '.json,application/json';
