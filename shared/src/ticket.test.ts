import { describe, expect, it } from 'vitest';
import {
  TICKET_PATTERN,
  TICKET_REGEX,
  checkTicket,
  generateTicket,
  generateTicketId,
  isWellFormedTicket,
} from './ticket.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_';

describe('ticket format', () => {
  it('generates tickets that match the documented pattern and pass their checksum', () => {
    for (let i = 0; i < 200; i++) {
      const ticket = generateTicket();
      expect(ticket).toMatch(TICKET_REGEX);
      expect(new RegExp(TICKET_PATTERN).test(`x ${ticket} y`)).toBe(true);
      expect(checkTicket(ticket)).toBeUndefined();
    }
  });

  it('never repeats a ticket or a ticket id', () => {
    const tickets = new Set(Array.from({ length: 2000 }, generateTicket));
    const ids = new Set(Array.from({ length: 2000 }, generateTicketId));
    expect(tickets.size).toBe(2000);
    expect(ids.size).toBe(2000);
  });

  it('the checksum refuses every single-character change', () => {
    for (let round = 0; round < 5; round++) {
      const ticket = generateTicket();
      let tried = 0;
      for (let i = 0; i < ticket.length; i++) {
        for (const char of ALPHABET) {
          if (char === ticket[i]) continue;
          const changed = ticket.slice(0, i) + char + ticket.slice(i + 1);
          tried++;
          expect(isWellFormedTicket(changed), `${i}:${char}`).toBe(false);
        }
      }
      expect(tried).toBe(ticket.length * (ALPHABET.length - 1));
    }
  });

  it('names the problem: prefix, length, charset, checksum', () => {
    const ticket = generateTicket();
    expect(checkTicket('xyz' + ticket.slice(3))).toBe('prefix');
    expect(checkTicket(ticket.slice(0, -1))).toBe('length');
    expect(checkTicket(ticket + 'a')).toBe('length');
    expect(checkTicket(ticket.slice(0, 10) + '-' + ticket.slice(11))).toBe('charset');
    const last = ticket.at(-1) === 'a' ? 'b' : 'a';
    expect(checkTicket(ticket.slice(0, -1) + last)).toBe('checksum');
  });
});
