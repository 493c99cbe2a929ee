// Every case, in the Autobahn testsuite's order: by category, then by number.

import type { CaseDefinition } from '../case-model';
import { compareCaseIds } from '../report';
import { AUTOFRAGMENTATION_CASES } from './autofragmentation';
import { CLOSE_CASES } from './close';
import { COMPRESSION_CASES } from './compression';
import { defineCases } from './build';
import { FRAGMENTATION_CASES } from './fragmentation';
import { FRAMING_CASES } from './framing';
import { HANDSHAKE_CASES } from './handshake';
import { LARGE_CASES } from './large';
import { OPCODE_CASES } from './opcodes';
import { PING_PONG_CASES } from './ping-pong';
import { RESERVED_BITS_CASES } from './reserved-bits';
import { UTF8_CASES } from './utf8';

export const ALL_CASES: readonly CaseDefinition[] = defineCases([
  ...HANDSHAKE_CASES,
  ...FRAMING_CASES,
  ...PING_PONG_CASES,
  ...RESERVED_BITS_CASES,
  ...OPCODE_CASES,
  ...FRAGMENTATION_CASES,
  ...UTF8_CASES,
  ...CLOSE_CASES,
  ...LARGE_CASES,
  ...AUTOFRAGMENTATION_CASES,
  ...COMPRESSION_CASES,
]).sort((a, b) => compareCaseIds(a.id, b.id));
