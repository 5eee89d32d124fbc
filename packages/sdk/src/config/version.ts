// Published in every status entry so the console can tell SDK generations apart.
export const SDK_VERSION = '0.1.0';
