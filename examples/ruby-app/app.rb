# frozen_string_literal: true

# proverbs: a small JSON service on port 4567, Ruby standard library only.
#   GET /health  GET /proverbs/today  GET /proverbs?q=river&tag=travel  GET /proverb?id=12  GET /tags

require 'date'
require 'json'
require_relative 'lib/proverb_book'
require_relative 'lib/tiny_http'

settings_path = ENV.fetch('PROVERBS_SETTINGS') do
  File.exist?('/etc/proverbs/settings.json') ? '/etc/proverbs/settings.json' : File.join(__dir__, 'config/settings.json')
end
settings = JSON.parse(File.read(settings_path))
book = ProverbBook.load(File.expand_path(settings.fetch('quotes_file'), __dir__))
max = settings.fetch('max_results', 25)

$stdout.sync = true
http = TinyHTTP.new(settings.fetch('bind', '0.0.0.0'), Integer(ENV.fetch('PORT', settings.fetch('port', 4567))))

http.get('/health') { [200, { status: 'ok', proverbs: book.proverbs.size, ruby: RUBY_VERSION }] }
http.get('/proverbs/today') { [200, book.of_the_day(Date.today)] }
http.get('/tags') { [200, book.tags] }
http.get('/proverbs') do |req|
  limit = Integer(req.params.fetch('limit', max)).clamp(1, max)
  [200, { proverbs: book.search(req.params['q'], tag: req.params['tag'], limit: limit) }]
end
http.get('/proverb') do |req|
  proverb = book.find(Integer(req.params.fetch('id', '0')))
  proverb ? [200, proverb] : [404, { error: 'no such proverb' }]
end

%w[TERM INT].each { |sig| trap(sig) { http.stop } }
puts "proverbs listening on #{settings.fetch('bind', '0.0.0.0')}:#{http.port} (#{book.proverbs.size} proverbs)"
http.start
