# frozen_string_literal: true

require 'socket'
require 'uri'
require 'json'

# A minimal HTTP/1.1 server on TCPServer: one thread per connection, GET only,
# JSON responses, Connection: close. Enough for a small internal service.
class TinyHTTP
  Request = Struct.new(:method, :path, :params, :headers)

  STATUS = { 200 => 'OK', 400 => 'Bad Request', 404 => 'Not Found', 405 => 'Method Not Allowed',
             500 => 'Internal Server Error' }.freeze

  def initialize(bind, port, logger: $stdout)
    @server = TCPServer.new(bind, port)
    @routes = {}
    @logger = logger
  end

  def get(path, &handler)
    @routes[path] = handler
  end

  def port
    @server.addr[1]
  end

  def start
    loop do
      client = @server.accept
      Thread.new(client) { |c| serve(c) }
    end
  rescue IOError, Errno::EBADF
    nil # closed by #stop
  end

  def stop
    @server.close
  end

  private

  def serve(client)
    request = read_request(client)
    return if request.nil?

    status, body = dispatch(request)
    payload = JSON.generate(body)
    client.write("HTTP/1.1 #{status} #{STATUS.fetch(status, 'OK')}\r\n" \
                 "Content-Type: application/json\r\nContent-Length: #{payload.bytesize}\r\n" \
                 "Connection: close\r\n\r\n#{payload}")
    @logger.puts("#{request.method} #{request.path} #{status}")
  rescue StandardError => e
    @logger.puts("error: #{e.class}: #{e.message}")
  ensure
    client.close
  end

  def read_request(client)
    line = client.gets("\r\n")
    return nil if line.nil?

    method, target, = line.split(' ', 3)
    headers = {}
    while (h = client.gets("\r\n")) && h != "\r\n"
      name, value = h.split(':', 2)
      headers[name.strip.downcase] = value.to_s.strip
    end
    uri = URI.parse(target)
    params = uri.query ? URI.decode_www_form(uri.query).to_h : {}
    Request.new(method, uri.path, params, headers)
  end

  def dispatch(request)
    return [405, { error: 'only GET is supported' }] unless request.method == 'GET'

    handler = @routes[request.path]
    return [404, { error: "no route for #{request.path}" }] if handler.nil?

    handler.call(request)
  rescue ArgumentError => e
    [400, { error: e.message }]
  rescue StandardError => e
    [500, { error: e.class.name }]
  end
end
