#!/usr/bin/env node
// The production start. This process is the collector itself: no package manager and no tsx CLI
// sit in between (they run the collector as a child and do not pass SIGTERM on, so a `docker stop`
// or `systemctl stop` left it running, orphaned). tsx is loaded as a loader in this process instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
