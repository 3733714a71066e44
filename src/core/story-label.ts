// The short tail every renderer puts after a story bullet's citation marks: "— 3 outlets".
import type { BriefBullet } from '../engines/engine-types.ts';

/** Empty unless the bullet tells a story more than one outlet reported. */
export function storyLabel(bullet: Pick<BriefBullet, 'story'>): string {
  const n = bullet.story?.outlets.length ?? 0;
  return n >= 2 ? `— ${n} outlets` : '';
}
