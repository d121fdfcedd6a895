# frozen_string_literal: true

require 'json'

# Loads the proverbs once and answers lookups, searches and a stable "proverb of the day".
class ProverbBook
  attr_reader :proverbs

  def self.load(path)
    new(JSON.parse(File.read(path))['proverbs'])
  end

  def initialize(proverbs)
    @proverbs = proverbs.freeze
    @by_id = proverbs.to_h { |p| [p['id'], p] }
  end

  def find(id)
    @by_id[id]
  end

  def search(term, tag: nil, limit: 25)
    needle = term.to_s.downcase
    hits = @proverbs.select do |p|
      p['text'].downcase.include?(needle) && (tag.nil? || p['tags'].include?(tag))
    end
    hits.first(limit)
  end

  def of_the_day(date)
    @proverbs[date.strftime('%Y%j').to_i % @proverbs.size]
  end

  def tags
    @proverbs.flat_map { |p| p['tags'] }.tally.sort.to_h
  end
end
