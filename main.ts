/** The CDKTF app (`cdktf.json`, `npm run synth`): one stack per pipeline of the active config. */
import { synthApp } from './app/synth';

synthApp();
