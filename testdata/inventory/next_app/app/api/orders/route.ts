export async function GET() {
  return Response.json([]);
}

export const POST = async () => Response.json({});
