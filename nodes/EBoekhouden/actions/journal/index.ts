import { resourceDescription, type ResourceOperations } from '../../../shared/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import * as postPayrollJournal from './postPayrollJournal';

export const operations = { postPayrollJournal } satisfies ResourceOperations<EBoekhoudenClient>;

export const description = resourceDescription('journal', operations, 'postPayrollJournal');
