// Where a session shown by the Live view's widgets was recorded: by the
// explorer's tap, as it happened, or in a capture file opened later (the
// Captures view). Bytes missing from either are shown the same way; only
// why they are missing is said differently.

import { createContext } from 'react';

export type Recording = 'tap' | 'capture';

export const RecordingContext = createContext<Recording>('tap');
