package io.wshub.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

/**
 * The load generator's WebSocket client side: Netty's non-blocking client on a few event-loop threads, so one
 * process holds tens of thousands of connections. Connections leave from source addresses spread over 127.0.0.x,
 * each of which has its own range of ephemeral ports. Netty answers the server's pings by itself.
 */
public final class Clients implements AutoCloseable {

    /** The source addresses: 127.0.0.2 to 127.0.0.33, some 28,000 ephemeral ports each. */
    private static final int SOURCES = 32;
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final List<InetAddress> sources = new ArrayList<>();
    private int next;

    public Clients(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            for (int i = 0; i < SOURCES; i++) {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Opens one connection; the future completes once the handshake has succeeded. */
    public CompletableFuture<Ws> connect(URI uri, Ws.Listener listener) {
        CompletableFuture<Ws> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(30_000)
                .dropPongFrames(true)
                .build();
        long started = System.nanoTime();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_FRAME),
                                new WebSocketClientProtocolHandler(config),
                                new Handler(new Ws(channel, listener), opened, started));
                    }
                });
        InetAddress source;
        synchronized (sources) {
            source = sources.get(next++ % sources.size());
        }
        bootstrap.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(source, 0))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        opened.completeExceptionally(connected.cause());
                    }
                });
        return opened;
    }

    /**
     * Opens {@code count} connections, at most {@code inFlight} handshakes at a time, and waits for all of them.
     *
     * @param uriOf the URI of the i-th connection
     * @param listenerOf the listener of the i-th connection
     */
    public List<Ws> connectAll(int count, int inFlight, IntFunction<URI> uriOf, IntFunction<Ws.Listener> listenerOf)
            throws InterruptedException {
        return connectAll(count, inFlight, i -> 0, uriOf, listenerOf);
    }

    /**
     * As {@link #connectAll(int, int, IntFunction, IntFunction)}, waiting {@code pauseBefore.applyAsLong(i)}
     * nanoseconds before the i-th connection.
     */
    public List<Ws> connectAll(int count, int inFlight, IntToLongFunction pauseBefore, IntFunction<URI> uriOf,
                               IntFunction<Ws.Listener> listenerOf) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Ws>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TimeUnit.NANOSECONDS.sleep(pauseBefore.applyAsLong(i));
            permits.acquire();
            CompletableFuture<Ws> future = connect(uriOf.apply(i), listenerOf.apply(i));
            future.whenComplete((ws, failure) -> permits.release());
            futures.add(future);
        }
        List<Ws> connections = new ArrayList<>(count);
        for (CompletableFuture<Ws> future : futures) {
            connections.add(future.join());
        }
        return connections;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final Ws ws;
        private final CompletableFuture<Ws> opened;
        private final long started;

        Handler(Ws ws, CompletableFuture<Ws> opened, long started) {
            this.ws = ws;
            this.opened = opened;
            this.started = started;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ws.handshakeNanos = System.nanoTime() - started;
                opened.complete(ws);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            super.userEventTriggered(context, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                ws.listener.onText(ws, text.text());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            opened.completeExceptionally(new IllegalStateException("closed during the handshake"));
            ws.listener.onClose(ws);
            super.channelInactive(context);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            opened.completeExceptionally(cause);
            context.close();
        }
    }

    /** One client connection. Sends may come from any thread; Netty queues them on the connection's event loop. */
    public static final class Ws {

        /** What a connection reports, on its event-loop thread. */
        public interface Listener {
            void onText(Ws ws, String text);

            default void onClose(Ws ws) {
            }
        }

        private final Channel channel;
        private final Listener listener;
        private volatile long handshakeNanos;
        /** Free for the scenario: e.g. when the message in flight was sent. */
        public long mark;

        Ws(Channel channel, Listener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }

        /** Whether the connection can take more without queueing in the client. */
        public boolean isWritable() {
            return channel.isWritable();
        }

        public boolean isOpen() {
            return channel.isActive();
        }

        public long handshakeNanos() {
            return handshakeNanos;
        }

        public void close() {
            channel.close();
        }

        /** Runs a task on this connection's event-loop thread. */
        public void execute(Runnable task) {
            channel.eventLoop().execute(task);
        }
    }
}
