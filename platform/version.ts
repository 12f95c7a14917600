import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './config.js';

/** The platform's version, from package.json. */
export const platformVersion: string = (
  JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;
