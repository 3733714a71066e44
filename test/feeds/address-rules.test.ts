import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAnyAddress, isPublicAddress } from '../../src/feeds/address-rules.ts';

const NOT_PUBLIC = [
  '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.0.0.2',
  '127.255.255.255', '169.254.169.254', '169.254.0.1', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1',
  '192.168.1.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1',
  '255.255.255.255',
  '::', '::1', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'ff02::1', '2001:db8::1',
  '::ffff:10.0.0.1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '::ffff:7f00:1',
  '0:0:0:0:0:ffff:c0a8:0101', '::10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::', '2002:7f00:1::1', '100::1',
  'localhost', 'example.com', '', '1.2.3', '999.1.1.1', 'gggg::1',
];
const PUBLIC = [
  '1.1.1.1', '8.8.8.8', '93.184.215.14', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1',
  '169.253.255.255', '192.167.1.1', '11.0.0.1', '2606:4700:4700::1111', '2a00:1450:4001:81b::200e',
  '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '[2606:4700::1]',
];

test('isPublicAddress refuses private, loopback, link-local, CGNAT, multicast, reserved and mapped forms', () => {
  for (const ip of NOT_PUBLIC) assert.equal(isPublicAddress(ip), false, ip);
});

test('isPublicAddress accepts public IPv4 and IPv6, also at the edges of blocked ranges', () => {
  for (const ip of PUBLIC) assert.equal(isPublicAddress(ip), true, ip);
});

test('isAnyAddress accepts every IP address and nothing else', () => {
  assert.equal(isAnyAddress('127.0.0.1'), true);
  assert.equal(isAnyAddress('::1'), true);
  assert.equal(isAnyAddress('localhost'), false);
});
