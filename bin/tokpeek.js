#!/usr/bin/env node
// Thin launcher: all behaviour, including exit codes, lives in src/cli.ts.
import { main } from '../dist/cli.js';
main(process.argv.slice(2));
