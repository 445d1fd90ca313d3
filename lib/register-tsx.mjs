// Loaded first in a Node worker thread so that the worker can import TypeScript modules.
import { register } from 'tsx/esm/api';

register();
