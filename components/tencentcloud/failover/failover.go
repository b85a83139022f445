package failover

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/ccn"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/privatedns"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:Failover"

// pkg prefixes the component's errors.
const pkg = "failover"

// Failover is the name clients use and the network that reaches every
// site.
type Failover struct {
	pulumi.ResourceState

	// Name is the name clients call: SubDomain.Domain.
	Name pulumi.StringOutput `pulumi:"name"`
	// ActiveRegion is the region the name points at.
	ActiveRegion pulumi.StringOutput `pulumi:"activeRegion"`
	// Address is the address the name resolves to.
	Address pulumi.StringOutput `pulumi:"address"`
	// CcnId is the Cloud Connect Network joining the sites' VPCs.
	CcnId pulumi.StringOutput `pulumi:"ccnId"`
	// ZoneId is the private zone.
	ZoneId pulumi.StringOutput `pulumi:"zoneId"`

	// TTL is the record's TTL in seconds.
	TTL int

	// Network, Attachments and Limits join the VPCs; Zone and Record are
	// the name.
	Network     *ccn.Instance
	Attachments []*ccn.Attachment
	Limits      []*ccn.BandwidthLimit
	Zone        *privatedns.Zone
	Record      *privatedns.Record
}

// NewFailover creates the name and the network. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every resource it
// creates; the CCN and the zone are global, so one provider serves.
func NewFailover(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Failover, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	f := &Failover{TTL: a.TTL}
	in, err := component.Register(ctx, Type, name, f, opts...)
	if err != nil {
		return nil, err
	}
	if f.Network, err = ccn.NewInstance(ctx, name, &ccn.InstanceArgs{
		Name:               pulumi.String(a.Name),
		Description:        pulumi.String("modelfort: joins the serving regions' VPCs for failover"),
		ChargeType:         pulumi.String(ChargeType),
		BandwidthLimitType: pulumi.String(LimitType),
		Tags:               tcenv.Tags(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	ccnID := f.Network.ID().ToStringOutput()
	var vpcs privatedns.ZoneVpcSetArray
	var active pulumi.StringInput
	for _, s := range a.Sites {
		att, err := ccn.NewAttachment(ctx, name+"-"+s.Region, &ccn.AttachmentArgs{
			CcnId:          ccnID,
			InstanceType:   pulumi.String("VPC"),
			InstanceId:     s.VpcId,
			InstanceRegion: pulumi.String(s.Region),
		}, in)
		if err != nil {
			return nil, err
		}
		f.Attachments = append(f.Attachments, att)
		vpcs = append(vpcs, privatedns.ZoneVpcSetArgs{Region: pulumi.String(s.Region), UniqVpcId: s.VpcId})
		if s.Region == a.Active {
			active = s.Address
		}
	}
	for i, s := range a.Sites {
		for _, d := range a.Sites[i+1:] {
			limit, err := ccn.NewBandwidthLimit(ctx, name+"-"+s.Region+"-"+d.Region, &ccn.BandwidthLimitArgs{
				CcnId:          ccnID,
				Region:         pulumi.String(s.Region),
				DstRegion:      pulumi.String(d.Region),
				BandwidthLimit: pulumi.Int(a.BandwidthMbps),
			}, in, pulumi.DependsOn([]pulumi.Resource{f.Attachments[i]}))
			if err != nil {
				return nil, err
			}
			f.Limits = append(f.Limits, limit)
		}
	}
	if f.Zone, err = privatedns.NewZone(ctx, name, &privatedns.ZoneArgs{
		Domain:           pulumi.String(a.Domain),
		Remark:           pulumi.String("modelfort: the model service's name in every serving region"),
		VpcSets:          vpcs,
		DnsForwardStatus: pulumi.String("DISABLED"),
		Tags:             tcenv.Tags(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	if f.Record, err = privatedns.NewRecord(ctx, name, &privatedns.RecordArgs{
		ZoneId:      f.Zone.ID().ToStringOutput(),
		SubDomain:   pulumi.String(a.SubDomain),
		RecordType:  pulumi.String("A"),
		RecordValue: active,
		Ttl:         pulumi.Int(a.TTL),
	}, in); err != nil {
		return nil, err
	}
	f.Name = pulumi.String(a.SubDomain + "." + a.Domain).ToStringOutput()
	f.ActiveRegion = pulumi.String(a.Active).ToStringOutput()
	f.Address = f.Record.RecordValue
	f.CcnId = ccnID
	f.ZoneId = f.Zone.ID().ToStringOutput()
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"name": f.Name, "activeRegion": f.ActiveRegion, "address": f.Address, "ccnId": f.CcnId, "zoneId": f.ZoneId,
	})
}
