/** An invitation's state, from its timestamps: what the members list shows and what accepting checks. */
export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'declined' | 'revoked';

export function invitationStatus(i: { expiresAt: Date; acceptedAt: Date | null; declinedAt: Date | null; revokedAt: Date | null }, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.declinedAt) return 'declined';
  if (i.revokedAt) return 'revoked';
  if (i.expiresAt <= now) return 'expired';
  return 'pending';
}
