/**
 * Post-processing rules: S3 object tagging (AWS DMS user guide, S3 target, "Tagging Amazon S3 objects").
 */
import { firstUses } from '../../core/duplicates';
import { POST_PROCESSING_TARGETS } from '../target-capabilities';
import type { Checker, JsonObject, Path } from './checker';
import { checkLocator } from './locator';
import { MAX_TAGS, POST_PROCESSING_ACTIONS } from './types';

const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'rule-action', 'object-locator', 'tag-set'];

export function checkPostProcessing(check: Checker, rule: JsonObject, path: Path): void {
  const engine = check.context.target;
  if (engine && !POST_PROCESSING_TARGETS.includes(engine)) {
    check.at([...path, 'rule-type'], `post-processing rules apply only to S3 targets, not ${engine}`);
  }
  check.onlyKeys(rule, FIELDS, path, 'a post-processing rule');
  check.oneOf(rule, 'rule-action', POST_PROCESSING_ACTIONS, path);
  checkLocator(check, rule, path, { required: ['schema-name', 'table-name'], what: 'a post-processing object-locator' });
  const tagsPath = [...path, 'tag-set'];
  if (!check.array(rule['tag-set'], tagsPath, { nonEmpty: true })) return;
  if (rule['tag-set'].length > MAX_TAGS) check.at(tagsPath, `must have at most ${MAX_TAGS} tags (the S3 limit per object)`);
  const firstKey = firstUses<string>();
  rule['tag-set'].forEach((tag, index) => {
    const tagPath = [...tagsPath, index];
    if (!check.object(tag, tagPath)) return;
    check.onlyKeys(tag, ['key', 'value'], tagPath, 'a tag');
    const key = check.string(tag, 'key', tagPath);
    if (key !== undefined) {
      if (key.length > 128) check.at([...tagPath, 'key'], 'must be at most 128 characters');
      if (firstKey(key, index) !== undefined) check.at([...tagPath, 'key'], `duplicate tag key "${key}"`);
    }
    if (typeof tag.value !== 'string') check.at([...tagPath, 'value'], tag.value === undefined ? 'is required' : 'must be a string');
    else if (tag.value.length > 256) check.at([...tagPath, 'value'], 'must be at most 256 characters');
  });
}
