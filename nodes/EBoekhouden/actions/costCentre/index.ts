import { resourceDescription, type ResourceOperations } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import * as getMany from './getMany';

export const operations = { getMany } satisfies ResourceOperations<EBoekhoudenClient>;

export const description = resourceDescription('costCentre', operations, 'getMany');
