import { describe, expect, it } from 'vitest';
import { Hub } from '../../server/demos/chat';
import type { DropReason, HubMember } from '../../server/demos/chat';

/** A hub member with a bounded inbox, as ChatClient has, and nothing else. */
class InboxMember implements HubMember {
  readonly inbox: string[] = [];
  readonly drops: DropReason[] = [];
  constructor(readonly capacity: number) {}
  offer(message: string): boolean {
    if (this.drops.length > 0 || this.inbox.length >= this.capacity) return false;
    this.inbox.push(message);
    return true;
  }
  dropped(reason: DropReason): void {
    this.drops.push(reason);
  }
}

describe('Hub', () => {
  it('broadcasts a message to every registered member', () => {
    const hub = new Hub<InboxMember>();
    const alice = new InboxMember(4);
    const bob = new InboxMember(4);
    hub.register(alice);
    hub.register(bob);
    expect(hub.broadcast('hello')).toEqual({ delivered: 2, evicted: 0 });
    expect(alice.inbox).toEqual(['hello']);
    expect(bob.inbox).toEqual(['hello']);
  });

  it('evicts a member whose queue is full and keeps serving the others', () => {
    const hub = new Hub<InboxMember>();
    const reader = new InboxMember(100);
    const stuck = new InboxMember(2);
    hub.register(reader);
    hub.register(stuck);
    const outcomes = ['1', '2', '3', '4'].map((message) => hub.broadcast(message));
    expect(outcomes.map((outcome) => outcome.evicted)).toEqual([0, 0, 1, 0]);
    expect(stuck.drops).toEqual(['evicted']);
    expect(stuck.inbox).toEqual(['1', '2']);
    expect(hub.has(stuck)).toBe(false);
    expect(reader.inbox).toEqual(['1', '2', '3', '4']);
    expect(hub.size).toBe(1);
  });

  it('drops a member once when it unregisters twice', () => {
    const hub = new Hub<InboxMember>();
    const member = new InboxMember(1);
    hub.register(member);
    hub.unregister(member);
    hub.unregister(member);
    expect(member.drops).toEqual(['unregistered']);
    expect(hub.size).toBe(0);
  });

  it('does not drop an evicted member again when its connection then closes', () => {
    const hub = new Hub<InboxMember>();
    const member = new InboxMember(0);
    hub.register(member);
    hub.broadcast('x');
    hub.unregister(member);
    expect(member.drops).toEqual(['evicted']);
  });

  it('stops: drops every member and turns newcomers away', () => {
    const hub = new Hub<InboxMember>();
    const early = new InboxMember(1);
    hub.register(early);
    hub.stop();
    const late = new InboxMember(1);
    hub.register(late);
    expect(early.drops).toEqual(['stopped']);
    expect(late.drops).toEqual(['stopped']);
    expect(hub.size).toBe(0);
    expect(hub.broadcast('nobody')).toEqual({ delivered: 0, evicted: 0 });
  });
});
