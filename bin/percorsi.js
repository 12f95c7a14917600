#!/usr/bin/env node
// The `percorsi` command. TypeScript sources run through tsx's loader, in development and in
// the container image alike, so there is one way to run the code.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cli.ts');
