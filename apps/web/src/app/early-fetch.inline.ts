// Built into index.html as an inline script (vite.config.mts): runs as soon as the HTML is parsed.
import { startEarlyFetch } from './early-fetch-start';

startEarlyFetch();
