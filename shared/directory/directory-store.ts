import type { AgentProfile, DirectoryDocument, DirectoryKind } from './directory.ts';

export interface DirectoryStore {
  /** The collection (version 0 and no items when never saved). */
  getDocument<T>(kind: DirectoryKind): Promise<DirectoryDocument<T>>;
  /** Saves a collection if nobody saved since `expectedVersion`; else a VERSION_CONFLICT. */
  putDocument(doc: DirectoryDocument, expectedVersion: number): Promise<void>;
  putAgent(profile: AgentProfile): Promise<void>;
  listAgents(): Promise<AgentProfile[]>;
  getAgents(ids: string[]): Promise<AgentProfile[]>;
  /** Advances a team's round-robin turn and returns the turn that was taken (0, 1, 2…). */
  takeTurn(teamId: string): Promise<number>;
  /** How many active tickets each agent holds (one COUNT read per agent). */
  activeTicketCounts(agentIds: string[]): Promise<Map<string, number>>;
}
