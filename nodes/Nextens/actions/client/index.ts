/** The Client resource: one module per operation; adding one = a file plus a line here. */
import type { ResourceOperations } from '../../../common/operation';
import { resourceDescription } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import * as get from './get';
import * as getByBsn from './getByBsn';
import * as getByRsin from './getByRsin';
import * as getMany from './getMany';
import * as getSbaReadiness from './getSbaReadiness';
import * as searchByName from './searchByName';
import * as upsert from './upsert';

export const operations: ResourceOperations<NextensClient> = {
	upsert,
	get,
	getByBsn,
	getByRsin,
	searchByName,
	getMany,
	getSbaReadiness,
};

export const description = resourceDescription('client', operations, 'upsert');
