import type { ResourceOperations } from '../../../common/operation';
import { resourceDescription } from '../../../common/operation';
import type { NmbrsSession } from '../../transport/api';
import * as get from './get';
import * as getMany from './getMany';

export const operations: ResourceOperations<NmbrsSession> = { get, getMany };

export const description = resourceDescription('journal', operations, 'getMany');
