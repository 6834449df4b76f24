import { runAction } from '../../lib/actions-runtime.js';
import { main } from './main.js';

await runAction(main);
