const handler = async () => new Response("hi");
export { handler as GET, handler as HEAD };
