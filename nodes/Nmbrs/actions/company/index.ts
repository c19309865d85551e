import type { ResourceOperations } from '../../../common/operation';
import { resourceDescription } from '../../../common/operation';
import type { NmbrsSession } from '../../transport/api';
import * as getMany from './getMany';

export const operations: ResourceOperations<NmbrsSession> = { getMany };

export const description = resourceDescription('company', operations, 'getMany');
