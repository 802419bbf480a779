/** Injection token for the validated SiftConfig. */
export const SIFT_CONFIG = Symbol('SIFT_CONFIG');
