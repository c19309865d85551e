import { resourceDescription, type ResourceOperations } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';

export const operations = { create, get, getMany } satisfies ResourceOperations<EBoekhoudenClient>;

export const description = resourceDescription('mutation', operations, 'getMany');
