/** The SBA resource: one module per operation; adding one = a file plus a line here. */
import type { ResourceOperations } from '../../../common/operation';
import { resourceDescription } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import * as get from './get';
import * as getMany from './getMany';

export const operations: ResourceOperations<NextensClient> = {
	getMany,
	get,
};

export const description = resourceDescription('sba', operations, 'getMany');
