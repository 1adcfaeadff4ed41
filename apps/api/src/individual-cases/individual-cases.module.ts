import { Module } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { API_CONFIG } from '../config/api-config';
import { CycleCommandsModule } from '../cycle-commands/cycle-commands.module';
import { CaseAuditLog } from './case-audit-log';
import { CaseAuditLogController } from './case-audit-log.controller';
import { CASE_CYCLES, TemporalCaseCycles } from './case-cycles';
import { CASE_KEY_STORE, CASE_REPOSITORY, MASTER_KEYS } from './case-stores';
import { parseMasterKeys } from './envelope';
import { IndividualCasesController } from './individual-cases.controller';
import { IndividualCasesService } from './individual-cases.service';
import { PostgresCaseKeyStore } from './postgres-case-key-store';
import { PostgresCaseRepository } from './postgres-case-repository';

/** The need-to-know store of individual cases (ADR 0012); its tables come with the API's migrations. */
@Module({
  imports: [CycleCommandsModule],
  controllers: [IndividualCasesController, CaseAuditLogController],
  providers: [
    // Parsed at start: a missing or malformed master key stops the API before it listens.
    { provide: MASTER_KEYS, inject: [API_CONFIG], useFactory: (c: ApiConfig) => parseMasterKeys(c.CASE_MASTER_KEYS) },
    PostgresCaseRepository,
    PostgresCaseKeyStore,
    TemporalCaseCycles,
    { provide: CASE_REPOSITORY, useExisting: PostgresCaseRepository },
    { provide: CASE_KEY_STORE, useExisting: PostgresCaseKeyStore },
    { provide: CASE_CYCLES, useExisting: TemporalCaseCycles },
    IndividualCasesService,
    CaseAuditLog,
  ],
})
export class IndividualCasesModule {}
