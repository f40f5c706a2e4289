import { ConflictError } from '../../errors/domain-errors.ts';
import { agentProfileSchema, type AgentProfile, type DirectoryDocument, type DirectoryKind } from '../../directory/directory.ts';
import type { DirectoryStore } from '../../directory/directory-store.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Table } from './table.ts';

export class DynamoDirectoryStore implements DirectoryStore {
  constructor(private readonly table: Table) {}

  async getDocument<T>(kind: DirectoryKind): Promise<DirectoryDocument<T>> {
    const item = await this.table.get('getDirectory', keys.directory(kind));
    if (!item) return { kind, items: [], version: 0 };
    return { kind, items: item.items as T[], version: Number(item.version), updatedAt: item.updatedAt as string, updatedBy: item.updatedBy as string };
  }

  async putDocument(doc: DirectoryDocument, expectedVersion: number): Promise<void> {
    const condition =
      expectedVersion === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :v', values: { ':v': expectedVersion } };
    try {
      await this.table.put('putDirectory', { ...keys.directory(doc.kind), itemType: 'directory', ...doc }, condition);
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const current = await this.getDocument(doc.kind);
      throw Object.defineProperty(
        new ConflictError(`The ${doc.kind} were changed by someone else (now version ${current.version}); reload`, {
          currentVersion: current.version,
          current,
        }),
        'code',
        { value: 'VERSION_CONFLICT' },
      );
    }
  }

  async putAgent(profile: AgentProfile): Promise<void> {
    await this.table.put('putAgent', { ...keys.agent(profile.id), ...keys.agentListing(profile.email), itemType: 'agent', ...profile });
  }

  async listAgents(): Promise<AgentProfile[]> {
    const { items } = await this.table.query('queryAgents', { index: 'gsi1', keyCondition: 'gsi1pk = :pk', values: { ':pk': 'AGENTS' }, limit: 1000 });
    return items.map((i) => agentProfileSchema.parse(i));
  }

  async getAgents(ids: string[]): Promise<AgentProfile[]> {
    if (ids.length === 0) return [];
    const found = [];
    for (let i = 0; i < ids.length; i += 100) found.push(...(await this.table.batchGet('getAgents', ids.slice(i, i + 100).map((id) => keys.agent(id)))));
    return found.map((i) => agentProfileSchema.parse(i));
  }

  async takeTurn(teamId: string): Promise<number> {
    const out = await this.table.update('takeTeamTurn', keys.teamTurn(teamId), 'ADD turns :one', { ':one': 1 });
    return Number(out.turns) - 1;
  }

  async activeTicketCounts(agentIds: string[]): Promise<Map<string, number>> {
    const counts = await Promise.all(
      agentIds.map((id) =>
        this.table.count('countActiveTickets', {
          index: 'gsi4',
          keyCondition: 'gsi4pk = :pk AND begins_with(gsi4sk, :active)',
          values: { ':pk': `ASSIGNEE#${id}`, ':active': 'active#' },
        }),
      ),
    );
    return new Map(agentIds.map((id, i) => [id, counts[i]!]));
  }
}
