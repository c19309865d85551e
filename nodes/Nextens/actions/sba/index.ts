/** The SBA resource: one module per operation; adding one = a file plus a line here. */
import type { ResourceOperations } from '../../../shared/operation';
import { resourceDescription } from '../../../shared/operation';
import type { NextensClient } from '../../transport/client';
import * as get from './get';
import * as getMany from './getMany';

export const operations: ResourceOperations<NextensClient> = {
	getMany,
	get,
};

export const description = resourceDescription('sba', operations, 'getMany');
