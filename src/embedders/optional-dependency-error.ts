import { RoutewiseError } from '../errors.js';

/** A feature needs an optional package that is not installed; the message says what to install. */
export class OptionalDependencyError extends RoutewiseError {
  /** The packages the feature needs. */
  readonly packages: string[];
  constructor(feature: string, packages: string[], cause?: unknown) {
    super(
      `${feature} needs the optional package${packages.length > 1 ? 's' : ''} ${packages.join(', ')}, ` +
        `which ${packages.length > 1 ? 'are' : 'is'} not installed: npm install ${packages.join(' ')}`,
      { cause },
    );
    this.packages = packages;
  }
}
