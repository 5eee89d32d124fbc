// A setting that cannot work: its message is one line naming the variable (and the file), for the operator.
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
