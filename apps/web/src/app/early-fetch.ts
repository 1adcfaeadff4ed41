import { earlyFetchConsidered, startEarlyFetch } from './early-fetch-start';

export { cycleDocumentPath, takeEarlyResponse, TIMELINE_FIRST_SHOWN } from './early-fetch-start';

// `vite` (development) serves index.html without the inline script: start the request here,
// first in the bundle (main.tsx imports this module before anything else).
if (!earlyFetchConsidered()) startEarlyFetch();
