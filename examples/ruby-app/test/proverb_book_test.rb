# frozen_string_literal: true

require 'minitest/autorun'
require 'date'
require_relative '../lib/proverb_book'

class ProverbBookTest < Minitest::Test
  def setup
    @book = ProverbBook.load(File.join(__dir__, '../data/proverbs.json'))
  end

  def test_search_is_case_insensitive_and_limited
    hits = @book.search('RIVER', limit: 3)
    assert_equal 3, hits.size
    assert(hits.all? { |p| p['text'].downcase.include?('river') })
  end

  def test_proverb_of_the_day_is_stable
    day = Date.new(2024, 5, 6)
    assert_equal @book.of_the_day(day), @book.of_the_day(day)
  end

  def test_find
    assert_equal 12, @book.find(12)['id']
    assert_nil @book.find(999_999)
  end
end
