import { test } from '@japa/runner'
import { documentText, searchQuery, searchWords } from '#courses/services/search_words'

test.group('Course search: segmenting words', () => {
  test('Chinese text is cut into words, English into lower-cased words', ({ assert }) => {
    assert.deepEqual(searchWords('陶艺零基础入门'), ['陶艺', '零', '基础', '入门'])
    assert.deepEqual(searchWords('Glazing Basics: the WHEEL'), [
      'glazing',
      'basics',
      'the',
      'wheel',
    ])
    assert.deepEqual(searchWords('学拉坯 with 林师傅'), ['学', '拉', '坯', 'with', '林', '师傅'])
  })

  test('punctuation, quotes and tsquery syntax are no part of a word', ({ assert }) => {
    assert.deepEqual(searchWords("don't & re-fire | !(x):*"), ['dont', 're', 'fire', 'x'])
    assert.deepEqual(searchWords('“釉料”，调配！'), ['釉', '料', '调配'])
    assert.deepEqual(searchWords('   '), [])
  })

  test('full-width letters are folded to their plain form', ({ assert }) => {
    assert.deepEqual(searchWords('Ｇｌａｚｅ１０１'), ['glaze101'])
  })

  test('link targets in Markdown are not words of the text', ({ assert }) => {
    assert.deepEqual(searchWords('see [the kiln](https://example.com/kiln) now'), [
      'see',
      'the',
      'kiln',
      'now',
    ])
  })

  test('a document also carries the pairs of neighbouring Chinese characters', ({ assert }) => {
    const lexemes = documentText('零基础学拉坯 wheel').split(' ')
    assert.includeMembers(lexemes, ['零', '基础', '学', '拉', '坯', 'wheel'])
    assert.includeMembers(lexemes, ['零基', '基础', '础学', '学拉', '拉坯'])
    // English words make no pairs
    assert.notInclude(lexemes, 'wh')
  })

  test('every word of a query must match, the last one as a prefix', ({ assert }) => {
    assert.equal(searchQuery('陶艺入门'), "'陶艺' & '入门':*")
    assert.equal(searchQuery('Glazing bas'), "'glazing' & 'bas':*")
  })

  test('a longer Chinese query word matches itself or all of its pairs', ({ assert }) => {
    // the dictionary keeps 景德镇 whole in a query, a document may have it cut
    assert.equal(searchQuery('景德镇 wheel'), "('景德镇' | ('景德' & '德镇')) & 'wheel':*")
  })

  test('a lone Chinese character matches as the start of a word', ({ assert }) => {
    assert.equal(searchQuery('学 陶艺'), "'学':* & '陶艺':*")
  })

  test('a query without any word is no query; repeats count once', ({ assert }) => {
    assert.isNull(searchQuery('  !!! ，。 '))
    assert.equal(searchQuery('wheel wheel'), "'wheel':*")
  })
})
