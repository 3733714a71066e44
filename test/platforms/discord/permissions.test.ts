import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { botPermissionBits, canStartThread, inviteUrl, isAdminPermissions } from '../../../src/platforms/discord/permissions.ts';

const bits = (...flags: bigint[]) => new PermissionsBitField(flags.reduce((a, b) => a | b, 0n));

test('isAdmin: Manage Channels, Manage Server or Administrator; nothing else', () => {
  assert.equal(isAdminPermissions(bits(PermissionFlagsBits.ManageChannels)), true);
  assert.equal(isAdminPermissions(bits(PermissionFlagsBits.ManageGuild)), true);
  assert.equal(isAdminPermissions(bits(PermissionFlagsBits.Administrator)), true);
  assert.equal(isAdminPermissions(bits(PermissionFlagsBits.SendMessages, PermissionFlagsBits.ManageMessages, PermissionFlagsBits.ManageThreads)), false);
  assert.equal(isAdminPermissions(null), false);
});

test('threads need Create Public Threads and Send Messages in Threads', () => {
  assert.equal(canStartThread(bits(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads)), true);
  assert.equal(canStartThread(bits(PermissionFlagsBits.CreatePublicThreads)), false);
  assert.equal(canStartThread(null), false);
});

test('the invite URL asks for the bot and applications.commands scopes and exactly the permissions used', () => {
  const url = new URL(inviteUrl('123456789012345678'));
  assert.equal(url.origin + url.pathname, 'https://discord.com/oauth2/authorize');
  assert.equal(url.searchParams.get('client_id'), '123456789012345678');
  assert.equal(url.searchParams.get('scope'), 'bot applications.commands');
  const perms = new PermissionsBitField(BigInt(url.searchParams.get('permissions')!));
  assert.deepEqual(perms.toArray().sort(), ['CreatePublicThreads', 'EmbedLinks', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel']);
  assert.equal(botPermissionBits(), 309237730304n);
});
